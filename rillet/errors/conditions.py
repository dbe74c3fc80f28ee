"""Spark's error conditions used by rillet: condition id -> (message template, SQLSTATE).

Templates use ``<param>`` placeholders exactly like Spark's ``error-conditions.json``,
so messages read the same as Spark's and tests can compare them.
"""

from __future__ import annotations

_KAFKA_DATA_LOSS = (
    "Some data may have been lost because they are not available in Kafka any more;\n"
    "either the data was aged out by Kafka or the topic may have been deleted before all the data in the\n"
    "topic was processed.\n"
    "If you don't want your streaming query to fail on such cases, set the source option failOnDataLoss to false.\n"
    "Reason:"
)

ERROR_CONDITIONS: dict[str, tuple[str, str | None]] = {
    # --- analysis ---------------------------------------------------------
    "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE": (
        "Invalid observed metrics. Attribute <expr> can only be used as an argument to an aggregate function.",
        "42K0E",
    ),
    "UNRESOLVED_COLUMN.WITH_SUGGESTION": (
        "A column, variable, or function parameter with name <objectName> cannot be "
        "resolved. Did you mean one of the following? [<proposal>].",
        "42703",
    ),
    "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION": (
        "A column, variable, or function parameter with name <objectName> cannot be resolved.",
        "42703",
    ),
    "AMBIGUOUS_REFERENCE": (
        "Reference <name> is ambiguous, could be: [<referenceNames>].",
        "42704",
    ),
    "UNRESOLVED_ROUTINE": (
        "Cannot resolve routine <routineName> on search path <searchPath>.",
        "42883",
    ),
    "VIEW_NOT_FOUND": (
        "The view <relationName> cannot be found. Verify the spelling and correctness of the schema and "
        "catalog. If you did not qualify the name with a schema, verify the current_schema() output, or "
        "qualify the name with the correct schema and catalog. To tolerate the error on drop use DROP VIEW "
        "IF EXISTS.",
        "42P01",
    ),
    "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS": (
        "Cannot write to <tableName>, the reason is not enough data columns: Table columns: <tableColumns>. "
        "Data columns: <dataColumns>.",
        "21S01",
    ),
    "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS": (
        "Cannot write to <tableName>, the reason is too many data columns: Table columns: <tableColumns>. "
        "Data columns: <dataColumns>.",
        "21S01",
    ),
    "ATTRIBUTE_NOT_CALLABLE": ("Attribute `<attr_name>` in provided object `<obj_name>` is not callable.", None),
    # PySpark 4.2+ (DataStreamReader.name); the rule is PySpark's, the wording ours
    "INVALID_STREAMING_SOURCE_NAME": (
        "Invalid streaming source name '<source_name>': a source name may only contain ASCII letters, "
        "digits and underscores.",
        None,
    ),
    # Spark 4.2+ offline state repartition; the condition ids are Spark's, the wording ours
    "STATE_REPARTITION_INVALID_PARAMETER.IS_NULL": ("The state repartition parameter <parameter> cannot be null.", "42602"),
    "STATE_REPARTITION_INVALID_PARAMETER.IS_EMPTY": ("The state repartition parameter <parameter> cannot be empty.", "42602"),
    "STATE_REPARTITION_INVALID_PARAMETER.IS_NOT_GREATER_THAN_ZERO": (
        "The state repartition parameter <parameter> must be greater than zero.",
        "42602",
    ),
    "STATE_REPARTITION_INVALID_CHECKPOINT.NO_COMMITTED_BATCH": (
        "The checkpoint <checkpointLocation> has no committed batch: run the query to commit a batch first.",
        "55019",
    ),
    "STATE_REPARTITION_INVALID_CHECKPOINT.NO_BATCH_FOUND": (
        "The checkpoint <checkpointLocation> has no offsets for its last committed batch <batchId>.",
        "55019",
    ),
    "SESSION_OR_CONTEXT_NOT_EXISTS": ("SparkContext or SparkSession should be created first.", None),
    "KEY_VALUE_PAIR_REQUIRED": ("Key-value pair or a list of pairs is required.", None),
    "FOREACH_USER_FUNCTION_ERROR": (
        "An error occurred in the user provided function in foreach sink. Reason: <reason>",
        "39000",
    ),
    "FOREACH_BATCH_USER_FUNCTION_ERROR": (
        "An error occurred in the user provided function in foreach batch sink. Reason: <reason>",
        "39000",
    ),
    "TABLE_OR_VIEW_NOT_FOUND": (
        "The table or view <relationName> cannot be found. Verify the spelling and "
        "correctness of the schema and catalog.",
        "42P01",
    ),
    "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES": (
        "Cannot resolve <sqlExpr> due to data type mismatch: the left and right operands "
        "of the binary operator have incompatible types (<left> and <right>).",
        "42K09",
    ),
    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE": (
        "Cannot resolve <sqlExpr> due to data type mismatch: the <paramIndex> parameter "
        "requires the <requiredType> type, however <inputSql> has the type <inputType>.",
        "42K09",
    ),
    "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION": (
        "Cannot resolve <sqlExpr> due to data type mismatch: cannot cast <srcType> to <targetType>.",
        "42K09",
    ),
    "DATATYPE_MISMATCH.DATA_DIFF_TYPES": (
        "Cannot resolve <sqlExpr> due to data type mismatch: Input to <functionName> "
        "should all be the same type, but it's <dataType>.",
        "42K09",
    ),
    "MISSING_AGGREGATION": (
        "The non-aggregating expression <expression> is based on columns which are not "
        "participating in the GROUP BY clause. Add the columns or the expression to the "
        "GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care "
        "which of the values within a group is returned.",
        "42803",
    ),
    "NUM_COLUMNS_MISMATCH": (
        "<operator> can only be performed on inputs with the same number of columns, but "
        "the first input has <firstNumColumns> columns and the <invalidOrdinalNum> input "
        "has <invalidNumColumns> columns.",
        "42826",
    ),
    "INCOMPATIBLE_COLUMN_TYPE": (
        "<operator> can only be performed on tables with compatible column types. The "
        "<columnOrdinalNumber> column of the <tableOrdinalNumber> table is <dataType1> type "
        "which is not compatible with <dataType2> at the same column of the first table.",
        "42825",
    ),
    "UNSUPPORTED_GENERATOR.MULTI_GENERATOR": (
        "The generator is not supported: only one generator allowed per SELECT clause but "
        "found <num>: <generators>.",
        "42K0E",
    ),
    "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS": (
        "Cannot create the temporary view <relationName> because it already exists.",
        "42P07",
    ),
    "UNSUPPORTED_JOIN_TYPE": (
        "Unsupported join type '<typ>'. Supported join types include: <supported>.",
        "0A000",
    ),
    "PARSE_SYNTAX_ERROR": ("Syntax error at or near <error><hint>.", "42601"),
    "INVALID_INTERVAL_FORMAT.INVALID_UNIT": (
        "Error parsing '<input>' to interval. Invalid unit '<unit>'.",
        "22006",
    ),
    # --- streaming --------------------------------------------------------
    "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION": (
        "Invalid streaming output mode: <outputMode>. This output mode is not supported "
        "for <operation> on streaming DataFrames/DataSets.",
        "42KDE",
    ),
    "STREAMING_OUTPUT_MODE.INVALID": (
        "Invalid streaming output mode: <outputMode>.",
        "42KDE",
    ),
    # --- file sinks and DataFrameWriter ---------------------------------------
    "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE": (
        "Invalid streaming output mode: <outputMode>. This output mode is not supported in Data Source <className>.",
        "42KDE",
    ),
    "PATH_ALREADY_EXISTS": (
        "Path <outputPath> already exists. Set mode as \"overwrite\" to overwrite the existing path.",
        "42K04",
    ),
    # --- Delta Lake (delta-spark's delta-error-classes.json) -------------------
    "DELTA_PATH_EXISTS": (
        "Cannot write to already existent path <path> without setting OVERWRITE = 'true'.",
        "42K04",
    ),
    "DELTA_MISSING_DELTA_TABLE": ("<tableName> is not a Delta table.", "42P01"),
    "DELTA_SOURCE_TABLE_IGNORE_CHANGES": (
        "Detected a data update (for example <file>) in the source table at version <version>. "
        "This is currently not supported. If this is going to happen regularly and you are okay to "
        "skip changes, set the option 'skipChangeCommits' to 'true'. If you would like the data update "
        "to be reflected, please restart this query with a fresh checkpoint directory or do a full "
        "refresh if you are using DLT. If you need to handle these changes, please switch to MVs. "
        "The source table can be found at path <dataPath>.",
        "0A000",
    ),
    "DELTA_SOURCE_IGNORE_DELETE": (
        "Detected deleted data (for example <removedFile>) from streaming source at version <version>. "
        "This is currently not supported. If you'd like to ignore deletes, set the option "
        "'ignoreDeletes' to 'true'. The source table can be found at path <dataPath>.",
        "0A000",
    ),
    "INVALID_SAVE_MODE": (
        "The specified save mode <mode> is invalid. Valid save modes include \"append\", \"overwrite\", "
        "\"ignore\", \"error\", \"errorifexists\", and \"default\".",
        "42000",
    ),
    "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE": (
        "The <format> datasource doesn't support the column <columnName> of the type <columnType>.",
        "0A000",
    ),
    "_LEGACY_ERROR_TEMP_1155": ("Partition column `<col>` not found in schema <schemaCatalog>.", None),
    "ALL_PARTITION_COLUMNS_NOT_ALLOWED": ("Cannot use all columns for partition columns.", "KD005"),
    "INVALID_PARTITION_COLUMN_DATA_TYPE": ("Cannot use <type> for partition column.", "0A000"),
    "_LEGACY_ERROR_TEMP_2047": ("'path' is not specified.", None),
    "_LEGACY_ERROR_TEMP_2049": ("Data source <className> does not support streamed <operator>.", None),
    "_LEGACY_ERROR_TEMP_1135": ("<className> is not a valid Spark SQL Data Source.", None),
    # JDBC (rillet.connectors.jdbc)
    "_LEGACY_ERROR_TEMP_1288": ("Table or view '<relationName>' already exists. SaveMode: ErrorIfExists.", None),
    "_LEGACY_ERROR_TEMP_2078": (
        "Both '<jdbcTableName>' and '<jdbcQueryString>' can not be specified at the same time.", None),
    "_LEGACY_ERROR_TEMP_2079": ("Option '<jdbcTableName>' or '<jdbcQueryString>' is required.", None),
    "_LEGACY_ERROR_TEMP_2081": (
        "Invalid value `<value>` for parameter `<jdbcTxnIsolationLevel>`. This can be `NONE`, "
        "`READ_UNCOMMITTED`, `READ_COMMITTED`, `REPEATABLE_READ` or `SERIALIZABLE`.", None),
    "COLUMN_NOT_DEFINED_IN_TABLE": (
        "<colType> column <colName> is not defined in table <tableName>, defined table columns are: <tableCols>.",
        "42703"),
    "TABLE_OR_VIEW_ALREADY_EXISTS": (
        "Cannot create table or view <relationName> because it already exists. Choose a different name, "
        "drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.",
        "42P07",
    ),
    "LOCATION_ALREADY_EXISTS": (
        "Cannot name the managed table as <identifier>, as its associated location <location> already "
        "exists. Please pick a different table name, or remove the existing location first.",
        "42710",
    ),
    "_LEGACY_ERROR_TEMP_1161": (
        "The column number of the existing table <tableName> (<existingTableSchema>) doesn't match the "
        "data schema (<querySchema>).",
        None,
    ),
    "_LEGACY_ERROR_TEMP_3102": ("<msg>", None),
    # --- kafka (Spark's kafka-error-conditions.json and KafkaWriter/KafkaSourceProvider) ---
    "_LEGACY_ERROR_TEMP_3080": ("<msg>", None),
    "_LEGACY_ERROR_TEMP_3081": (
        "Save mode <mode> not allowed for Kafka. Allowed save modes are <append> and <errorIfExists> (default).",
        None,
    ),
    "KAFKA_NULL_TOPIC_IN_DATA": (
        "The Kafka message data sent to the producer contains a null topic. "
        "Use the `topic` option for setting a default topic.",
        None,
    ),
    "KAFKA_DATA_LOSS.START_OFFSET_RESET": (
        _KAFKA_DATA_LOSS + " Starting offset for <topicPartition> was <offset> but consumer reset to <fetchedOffset>.",
        "22000",
    ),
    "KAFKA_DATA_LOSS.PARTITIONS_DELETED": (_KAFKA_DATA_LOSS + " Partitions <partitions> have been deleted.", "22000"),
    "KAFKA_DATA_LOSS.COULD_NOT_READ_OFFSET_RANGE": (
        _KAFKA_DATA_LOSS + " Could not read records in offset [<startOffset>, <endOffset>) for topic partition "
        "<topicPartition>\nwith consumer group <groupId>.",
        "22000",
    ),
    "KAFKA_DATA_LOSS.ADDED_PARTITION_DOES_NOT_START_FROM_OFFSET_ZERO": (
        _KAFKA_DATA_LOSS + " Added partition <topicPartition> starts from <startOffset> instead of 0.",
        "22000",
    ),
    "KAFKA_DATA_LOSS.PARTITION_OFFSET_CHANGED": (
        _KAFKA_DATA_LOSS + " Partition <topicPartition> offset was changed from <prevOffset> to <newOffset>.\n"
        "This could either be a user error that the start offset is set too high and this is the first batch, "
        "or the kafka topic-partition is broken, and some data may have been missed.",
        "22000",
    ),
    "KAFKA_START_OFFSET_DOES_NOT_MATCH_ASSIGNED": (
        "Partitions specified for Kafka start offsets don't match what are assigned. Maybe topic partitions "
        "are created \nor deleted while the query is running. Use -1 for latest, -2 for earliest.\n"
        "Specified: <specifiedPartitions> Assigned: <assignedPartitions>",
        None,
    ),
    "UNRESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET": (
        "The specified start offset <startOffset> is greater than the end offset <endOffset> for topic <topic> "
        "partition <partition>.",
        None,
    ),
    "MISMATCHED_TOPIC_PARTITIONS_BETWEEN_START_OFFSET_AND_END_OFFSET": (
        "The specified start offset and end offset should have the same topic-partitions.\n"
        "Topic-partitions for start offset: <tpsForStartOffset>, topic-partitions for end offset: <tpsForEndOffset>.",
        None,
    ),
    "_LEGACY_ERROR_TEMP_1295": ("Set a host to read from with option(\"host\", ...).", None),
    "_LEGACY_ERROR_TEMP_1296": ("Set a port to read from with option(\"port\", ...).", None),
    "CALL_ON_STREAMING_DATASET_UNSUPPORTED": (
        "The method <methodName> can not be called on streaming Dataset/DataFrame.",
        "42KDE",
    ),
    "DATA_SOURCE_NOT_FOUND": (
        "Failed to find the data source: <provider>. Make sure the provider name is "
        "correct and the package is properly registered and compatible with your Spark version.",
        "42K02",
    ),
    "INVALID_OPTION_VALUE": (
        "Invalid value <value> for option <option> of data source <source>: <reason>.",
        "42616",
    ),
    "SOURCE_CONNECTION_FAILED": (
        "Cannot connect to <source> at <host>:<port>: <reason>.",
        "08001",
    ),
    "STREAM_FAILED": (
        "Query [id = <id>, runId = <runId>] terminated with exception: <message>",
        "XXKST",
    ),
    "STREAMING_QUERY_ALREADY_ACTIVE": (
        "Cannot start query with name <name> as a query with that name is already active "
        "in this SparkSession.",
        "42K05",
    ),
    "CHECKPOINT_QUERY_CHANGED": (
        "The checkpoint at <path> was written by a different query: <reason>.",
        "42K03",
    ),
    "CONCURRENT_STREAM_LOG_UPDATE": (
        "Concurrent update to the log. Multiple streaming jobs detected for <batchId>. "
        "Please make sure only one streaming job runs on a specific checkpoint location at a time.",
        "40000",
    ),
    "CONCURRENT_QUERY": (
        "Another instance of this query was just started by a concurrent session.",
        "0A000",
    ),
    "CHECKPOINT_FILE_MISSING": (
        "The checkpoint file <path> is missing: <reason>.",
        "XXKST",
    ),
    "CHECKPOINT_FILE_CORRUPT": (
        "The checkpoint file <path> cannot be read: <reason>.",
        "XXKST",
    ),
    # --- state data source (statestore / state-metadata) -------------------
    "STDS_COMMITTED_BATCH_UNAVAILABLE": (
        "No committed batch found, checkpoint location: <checkpointLocation>. Ensure that the query "
        "has run and committed any microbatch before stopping.",
        "KD006",
    ),
    "STDS_CONFLICT_OPTIONS": (
        "The options <options> cannot be specified together. Please specify the one.",
        "42613",
    ),
    "STDS_FAILED_TO_READ_STATE_SCHEMA": (
        "Failed to read the state schema. Either the file does not exist, or the file is corrupted. "
        "options: <sourceOptions>.\nRerun the streaming query to construct the state schema, and "
        "report to the corresponding communities or vendors if the error persists.",
        "42K03",
    ),
    "STDS_INVALID_OPTION_VALUE.IS_EMPTY": (
        "Invalid value for source option '<optionName>': cannot be empty.",
        "42616",
    ),
    "STDS_INVALID_OPTION_VALUE.IS_NEGATIVE": (
        "Invalid value for source option '<optionName>': cannot be negative.",
        "42616",
    ),
    "STDS_INVALID_OPTION_VALUE.WITH_MESSAGE": (
        "Invalid value for source option '<optionName>': <message>",
        "42616",
    ),
    "STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE": (
        "The state does not have any partition. Please double check that the query points to the "
        "valid state. options: <sourceOptions>",
        "KD006",
    ),
    "STDS_OFFSET_LOG_UNAVAILABLE": (
        "The offset log for <batchId> does not exist, checkpoint location: <checkpointLocation>.\n"
        "Please specify the batch ID which is available for querying - you can query the available "
        "batch IDs via using state metadata data source.",
        "KD006",
    ),
    "STDS_REQUIRED_OPTION_UNSPECIFIED": (
        "'<optionName>' must be specified.",
        "42601",
    ),
    "QUERY_NAME_REQUIRED": (
        "queryName must be specified for memory sink.",
        "42K06",
    ),
    # --- file sources (csv/json/parquet/orc) ------------------------------
    "_LEGACY_ERROR_TEMP_2048": (
        "Schema must be specified when creating a streaming source DataFrame. If some files already "
        "exist in the directory, then depending on the file format you may be able to create a static "
        "DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
        None,
    ),
    "PATH_NOT_FOUND": ("Path does not exist: <path>.", "42K03"),
    "UNABLE_TO_INFER_SCHEMA": ("Unable to infer schema for <format>. It must be specified manually.", "42KD9"),
    "CONFLICTING_DIRECTORY_STRUCTURES": (
        "Conflicting directory structures detected.\nSuspicious paths:\n<discoveredBasePaths>\nIf provided "
        "paths are partition directories, please set \"basePath\" in the options of the data source to specify "
        "the root directory of the table.\nIf there are multiple root directories, please load them separately "
        "and then union them.",
        "KD009",
    ),
    "CONFLICTING_PARTITION_COLUMN_NAMES": (
        "Conflicting partition column names detected:\n<distinctPartColLists>\nFor partitioned table "
        "directories, data files should only live in leaf directories.\nAnd directories at the same level "
        "should have the same partition column name.\nPlease check the following directories for unexpected "
        "files or inconsistent partition column names:\n<suspiciousPaths>",
        "KD009",
    ),
    "CANNOT_MERGE_SCHEMAS": (
        "Failed merging schemas:\nInitial schema:\n<left>\nSchema that cannot be merged with the initial "
        "schema:\n<right>.",
        "42KD9",
    ),
    "FAILED_READ_FILE.NO_HINT": ("Encountered error while reading file <path>. ", "KD001"),
    "FAILED_READ_FILE.FILE_NOT_EXIST": (
        "Encountered error while reading file <path>. File does not exist. It is possible the underlying "
        "files have been updated. You can explicitly invalidate the cache in Spark by running 'REFRESH "
        "TABLE tableName' command in SQL or by recreating the Dataset/DataFrame involved.",
        "KD001",
    ),
    "INVALID_TRIGGER": ("Invalid trigger: <reason>.", "42K06"),
    # --- execution (ANSI) -------------------------------------------------
    "DIVIDE_BY_ZERO": (
        "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
        "instead. If necessary set <config> to \"false\" to bypass this error.",
        "22012",
    ),
    "CAST_INVALID_INPUT": (
        "The value <expression> of the type <sourceType> cannot be cast to <targetType> "
        "because it is malformed. Correct the value as per the syntax, or change its target "
        "type. Use `try_cast` to tolerate malformed input and return NULL instead.",
        "22018",
    ),
    "CAST_OVERFLOW": (
        "The value <value> of the type <sourceType> cannot be cast to <targetType> due to "
        "an overflow. Use `try_cast` to tolerate overflow and return NULL instead.",
        "22003",
    ),
    "ARITHMETIC_OVERFLOW": (
        "<message>.<alternative> If necessary set <config> to \"false\" to bypass this error.",
        "22003",
    ),
    "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING": (
        "Window function is not supported in <windowFunc> (as column <columnName>) on streaming "
        "DataFrames/Datasets. Structured Streaming only supports time-window aggregation using the "
        "WINDOW function. (window specification: <windowSpec>)",
        "42KDE",
    ),
    "NOT_IMPLEMENTED": ("<feature> is not implemented in rillet yet.", "0A000"),
    # --- python-side (PySpark's own error classes) ------------------------
    "NOT_COLUMN_OR_STR": (
        "Argument `<arg_name>` should be a Column or str, got <arg_type>.",
        None,
    ),
    "NOT_COLUMN_OR_INT_OR_STR": (
        "Argument `<arg_name>` should be a Column, int or str, got <arg_type>.",
        None,
    ),
    "NOT_STR": ("Argument `<arg_name>` should be a str, got <arg_type>.", None),
    "NOT_BOOL": ("Argument `<arg_name>` should be a bool, got <arg_type>.", None),
    "NOT_INT": ("Argument `<arg_name>` should be an int, got <arg_type>.", None),
    "NOT_CALLABLE": ("Argument `<arg_name>` should be a callable, got <arg_type>.", None),
    # rillet.testing (pyspark.testing's assertDataFrameEqual / assertSchemaEqual)
    "NOT_STRUCT": ("Argument `<arg_name>` should be a struct type, got <arg_type>.", None),
    "DIFFERENT_ROWS": ("<error_msg>", None),
    "DIFFERENT_SCHEMA": ("Schemas do not match.\n--- actual\n+++ expected\n<error_msg>", None),
    "DIFFERENT_PANDAS_DATAFRAME": (
        "DataFrames are not almost equal:\nLeft:\n<left>\n<left_dtype>\nRight:\n<right>\n<right_dtype>",
        None,
    ),
    "INVALID_TYPE_DF_EQUALITY_ARG": (
        "Expected type <expected_type> for `<arg_name>` but got type <actual_type>.",
        None,
    ),
    "UNSUPPORTED_OPERATION": ("<operation> is not supported.", None),
    # transformWithStateInPandas
    "STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL": (
        "Cannot use TTL for state=<stateName> in timeMode=<timeMode>, use TimeMode.ProcessingTime() instead.",
        "42802",
    ),
    "STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE": (
        "Unknown time mode <timeMode>. Accepted timeMode modes are 'none', 'processingTime', 'eventTime'",
        "42802",
    ),
    # applyInPandasWithState (pyspark.sql.streaming.state.GroupState and the worker's checks)
    "STATE_NOT_EXISTS": ("State is either not defined or has already been removed.", None),
    "CANNOT_WITHOUT": ("Cannot <condition1> without <condition2>.", None),
    "CANNOT_BE_NONE": ("Argument `<arg_name>` cannot be None.", None),
    "INVALID_TIMEOUT_TIMESTAMP": (
        "Timeout timestamp (<timestamp>) cannot be earlier than the current watermark (<watermark>).",
        None,
    ),
    "UDF_RETURN_TYPE": (
        "Return type of the user-defined function should be <expected>, but is <actual>.",
        None,
    ),
    "RESULT_COLUMN_SCHEMA_MISMATCH": (
        "Number of columns of the returned data doesn't match specified schema. "
        "Expected: <expected> Actual: <actual>",
        None,
    ),
    "STRUCT_ARRAY_LENGTH_MISMATCH": (
        "Input row doesn't have expected number of values required by the schema. <expected> fields "
        "are required while <actual> values are provided.",
        "2201E",
    ),
    "_LEGACY_ERROR_TEMP_3176": (
        "applyInPandasWithState is unsupported in batch query. Use applyInPandas instead.",
        None,
    ),
    # Python data sources (pyspark.sql.datasource)
    "DATA_SOURCE_RETURN_SCHEMA_MISMATCH": (
        "Return schema mismatch in the result from 'read' method. Expected: <expected> columns, "
        "Found: <actual> columns. Make sure the returned values match the required output schema.",
        None,
    ),
    "DATA_SOURCE_INVALID_RETURN_TYPE": (
        "Unsupported return type ('<type>') from Python data source '<name>'. Expected types: <supported_types>.",
        None,
    ),
    "DATA_SOURCE_TYPE_MISMATCH": ("Expected <expected>, but got <actual>.", None),
    "UNSUPPORTED_DATA_SOURCE_SAVE_MODE": (
        "The data source \"<source>\" cannot be written in the <createMode> mode. Please use either "
        "the \"Append\" or \"Overwrite\" mode instead.",
        "0A000",
    ),
    "SIMPLE_STREAM_READER_OFFSET_DID_NOT_ADVANCE": (
        "SimpleDataSourceStreamReader.read() returned a non-empty batch but the end offset: <end_offset> "
        "did not advance past the start offset: <start_offset>. The end offset must represent the "
        "position after the last record returned.",
        None,
    ),
    "NOT_LIST_OR_TUPLE": (
        "Argument `<arg_name>` should be a list or tuple, got <arg_type>.",
        None,
    ),
    "CANNOT_INFER_EMPTY_SCHEMA": ("Can not infer schema from an empty dataset.", None),
    "CANNOT_MERGE_TYPE": (
        "Can not merge type `<data_type1>` and `<data_type2>`.",
        None,
    ),
    "CANNOT_INFER_TYPE_FOR_FIELD": ("Unable to infer the type of the field `<field_name>`.", None),
    "UNSUPPORTED_DATA_TYPE": ("Unsupported DataType `<data_type>`.", None),
    "LENGTH_SHOULD_BE_THE_SAME": (
        "<arg1> and <arg2> should be of the same length, got <arg1_length> and <arg2_length>.",
        None,
    ),
    "AXIS_LENGTH_MISMATCH": (
        "Length mismatch: Expected axis has <expected_length> element, new values have "
        "<actual_length> elements.",
        None,
    ),
    "ONLY_ALLOWED_FOR_SINGLE_COLUMN": ("Argument `<arg_name>` can only be provided for a single column.", None),
    "CANNOT_BE_EMPTY": ("At least one <item> must be specified.", None),
    "NOT_LIST_OF_COLUMN": ("Argument `<arg_name>` should be a list[Column].", None),
    "WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION": ("Function `<func_name>` should take between 1 and 3 arguments, but the provided function takes <num_args>.", None),
    "ARGUMENT_REQUIRED": ("Argument `<arg_name>` is required when <condition>.", None),
    "VALUE_NOT_POSITIVE": ("Value for `<arg_name>` must be positive, got '<arg_value>'.", None),
    "VALUE_NOT_NON_NEGATIVE": ("Value for `<arg_name>` must be non-negative, got '<arg_value>'.", None),
    "ONLY_ONE_TRIGGER_ALLOWED": ("Only one trigger can be set.", None),
    "INVALID_WHEN_USAGE": (
        "when() can only be applied on a Column previously generated by when() function, "
        "and cannot be applied once otherwise() is applied.",
        None,
    ),
    "UNSUPPORTED_JOIN_TYPE_PY": ("Unsupported join type: <join_type>.", None),
    "CANNOT_CONVERT_COLUMN_INTO_BOOL": (
        "Cannot convert column into bool: please use '&' for 'and', '|' for 'or', '~' for "
        "'not' when building DataFrame boolean expressions.",
        None,
    ),
    "SESSION_ALREADY_EXIST": ("Cannot start a remote Spark session because there is a regular Spark session already running.", None),
    # --- types (PySpark and Spark ids raised by rillet.plan.types) ------

    "KEY_NOT_EXISTS": ("Key `<key>` is not exists.", None),
    "INDEX_OUT_OF_RANGE": ("<arg_name> index out of range, got '<index>'.", None),
    "NOT_INT_OR_SLICE_OR_STR": (
        "Argument `<arg_name>` should be an int, slice or str, got <arg_type>.", None),
    "ATTRIBUTE_NOT_SUPPORTED": ("Attribute `<attr_name>` is not supported.", None),
    "READ_ONLY": ("<object> is read-only.", None),
    "CANNOT_SET_TOGETHER": ("<arg_list> should not be set together.", None),
    "TOO_MANY_VALUES": ("Expected <expected> values for `<item>`, got <actual>.", None),
    "CANNOT_CONVERT_TYPE": ("Cannot convert <from_type> into <to_type>.", None),
    "CANNOT_INFER_SCHEMA_FOR_TYPE": ("Can not infer schema for type: `<data_type>`.", None),
    "CANNOT_PARSE_DATATYPE": ("Unable to parse datatype. <msg>.", None),
    "INVALID_INTERVAL_CASTING": ("Interval <start_field> to <end_field> is invalid.", None),
    "INVALID_TYPENAME_CALL": (
        "StructField does not have typeName. Use typeName on its type explicitly instead.",
        None),
    "UNSUPPORTED_DATATYPE": ("Unsupported data type <typeName>.", "0A000"),
    "DATATYPE_MISSING_SIZE": (
        ("DataType <type> requires a length parameter, for example <type>(10). "
         "Please specify the length."), "42K01"),
    "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION": (
        "Decimal precision <precision> exceeds max precision <maxPrecision>.", "22003"),
    "_LEGACY_ERROR_TEMP_1228": (
        "Decimal scale (<scale>) cannot be greater than precision (<precision>).", None),
    # --- SQL parsing -----------------------------------------------------
    "PARSE_EMPTY_STATEMENT": ("Syntax error, unexpected empty statement.", "42617"),
    "INVALID_NUMERIC_LITERAL_RANGE": (
        "Numeric literal <rawStrippedQualifier> is outside the valid range for <typeName> with "
        "minimum value of <minValue> and maximum value of <maxValue>. Please adjust the value "
        "accordingly.",
        "22003",
    ),
    "INVALID_TYPED_LITERAL": ("The value of the typed literal <valueType> is invalid: <value>.", "42604"),
    "GROUP_BY_POS_OUT_OF_RANGE": (
        "GROUP BY position <index> is not in select list (valid range is [1, <size>]).",
        "42805",
    ),
    "ORDER_BY_POS_OUT_OF_RANGE": (
        "ORDER BY position <index> is not in select list (valid range is [1, <size>]).",
        "42805",
    ),
    "GROUP_BY_POS_AGGREGATE": (
        "GROUP BY <index> refers to an expression <aggExpr> that contains an aggregate function. "
        "Aggregate functions are not allowed in GROUP BY.",
        "42903",
    ),
    "TRAILING_COMMA_IN_SELECT": (
        "Trailing comma detected in SELECT clause. Remove the trailing comma before the FROM clause.",
        "42601",
    ),
    "UNCLOSED_BRACKETED_COMMENT": (
        "Found an unclosed bracketed comment. Please, append */ at the end of the comment.",
        "42601",
    ),

    # --- string, regex and JSON functions ---------------------------------------------
    "DUPLICATED_MAP_KEY": (
        "Duplicate map key <key> was found, please check the input data.\nIf you want to remove the "
        "duplicated keys, you can set <mapKeyDedupPolicy> to \"LAST_WIN\" so that the key inserted at "
        "last takes precedence.",
        "23505",
    ),
    "NULL_MAP_KEY": ("Cannot use null as map key.", "2200E"),
    "INVALID_ARRAY_INDEX_IN_ELEMENT_AT": (
        "The index <indexValue> is out of bounds. The array has <arraySize> elements. Use "
        "`try_element_at` to tolerate accessing element at invalid index and return NULL instead.",
        "22003",
    ),
    "INVALID_INDEX_OF_ZERO": (
        "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).",
        "22003",
    ),
    "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX": (
        "The value of parameter(s) <parameter> in <functionName> is invalid: Expects group index "
        "between 0 and <groupCount>, but got <groupIndex>.",
        "22023",
    ),
    "INVALID_PARAMETER_VALUE.PATTERN": (
        "The value of parameter(s) <parameter> in <functionName> is invalid: <value>.",
        "22023",
    ),
    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION": (
        "Malformed records are detected in record parsing: <badRecord>. Parse Mode: <failFastMode>. "
        "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
        "22023",
    ),
    "MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS": (
        "Malformed records are detected in record parsing: <badRecord>. Parse Mode: <failFastMode>. "
        "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. "
        "Parsing JSON arrays as structs is forbidden.",
        "22023",
    ),
    "PARSE_MODE_UNSUPPORTED": (
        "The function <funcName> doesn't support the <mode> mode. Acceptable modes are PERMISSIVE "
        "and FAILFAST.",
        "42601",
    ),
    "VALUE_NOT_ALLOWED": ("Value for `<arg_name>` has to be amongst the following values: <allowed_values>.", None),
    # --- state store ----------------------------------------------------
    "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE": (
        "Provided key schema does not match existing state key schema. Please check number and "
        "type of fields. Existing key_schema=<storedKeySchema> and new key_schema=<newKeySchema> "
        "(state at <path>). The query changed in a way its checkpoint cannot serve: restart it "
        "with a new checkpointLocation.",
        "XXKST",
    ),
    "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE": (
        "Provided value schema does not match existing state value schema. Please check number "
        "and type of fields. Existing value_schema=<storedValueSchema> and new "
        "value_schema=<newValueSchema> (state at <path>). The query changed in a way its checkpoint "
        "cannot serve: restart it with a new checkpointLocation.",
        "XXKST",
    ),
    # --- dirty input files (Spark's FAILED_READ_FILE subclasses; see connectors/files/scan.py) ---
    "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER": (
        "Encountered error while reading file <path>. Could not read footer. Please ensure that the file is in "
        "either ORC or Parquet format. If not, please convert it to a valid format. If the file is in the "
        "valid format, please check if it is corrupt. If it is, you can choose to either ignore it or fix the "
        "corruption.",
        "KD001",
    ),
    "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH": (
        "Encountered error while reading file <path>. Data type mismatches when reading Parquet column "
        "<column>. Expected Spark type <expectedType>, actual Parquet type <actualType>.",
        "KD001",
    ),
    "INVALID_CORRUPT_RECORD_TYPE": (
        "The column <columnName> for corrupt records must have the nullable STRING type, but got <actualType>.",
        "42804",
    ),
    # --- higher-order functions and to_binary (rillet/plan/functions/higher_order.py, compute/functions/hash.py)
    "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH": (
        "Invalid lambda function call. A higher order function expects <expectedNumArgs> arguments, "
        "but got <actualNumArgs>.",
        "42K0D",
    ),
    "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION": (
        "Invalid lambda function call. A lambda function should only be used in a higher order function. "
        "However, its class is <class>, which is not a higher order function.",
        "42K0D",
    ),
    "HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN": (
        "Function `<func_name>` should return Column, got <return_type>.", None,
    ),
    "UNSUPPORTED_PARAM_TYPE_FOR_HIGHER_ORDER_FUNCTION": (
        "Function `<func_name>` should use only POSITIONAL or POSITIONAL OR KEYWORD arguments.", None,
    ),
    "COMPARATOR_RETURNS_NULL": (
        "The comparator has returned a NULL for a comparison between <firstValue> and <secondValue>. "
        "It should return a positive integer for \"greater than\", 0 for \"equal\" and a negative integer "
        "for \"less than\". To revert to deprecated behavior where NULL is treated as 0 (equal), you must "
        "set \"spark.sql.legacy.allowNullComparisonResultInArraySort\" to \"true\".",
        "22004",
    ),
    "CONVERSION_INVALID_INPUT": (
        "The value <str> (<fmt>) cannot be converted to <targetType> because it is malformed. Correct the "
        "value as per the syntax, or change its format. Use <suggestion> to tolerate malformed input and "
        "return NULL instead.",
        "22018",
    ),
    "DATATYPE_MISMATCH.INVALID_ARG_VALUE": (
        "Cannot resolve <sqlExpr> due to data type mismatch: The <inputName> value must to be a "
        "<requireType> literal of <validValues>, but got <inputValue>.",
        "42K09",
    ),
    "INVALID_PARAMETER_VALUE.DATETIME_UNIT": (
        "The value of parameter(s) <parameter> in <functionName> is invalid: expects one of the units without "
        "quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, "
        "but got the string literal <invalidValue>.",
        "22023",
    ),
    "DATETIME_FIELD_OUT_OF_BOUNDS": (
        "<rangeMessage>. If necessary set <ansiConfig> to \"false\" to bypass this error.", "22023",
    ),
    "INVALID_EXTRACT_FIELD": ("Cannot extract <field> from <expr>.", "42601"),
    "CANNOT_DECODE_URL": (
        "The provided URL cannot be decoded: <url>. Please ensure that the URL is properly formatted and try again.",
        "22546",
    ),
    "INVALID_URL": (
        "The url is invalid: <url>. Use `try_parse_url` to tolerate invalid URL and return NULL instead.", "22P02",
    ),
}
