# cmake -DPROGRAM=... -DARGS="..." -DOUTPUT=... [-DGZIP=ON] -P write_program_output.cmake
# (see program_output.cmake).
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${args} OUTPUT_VARIABLE text RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR text STREQUAL "")
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${status})")
endif()
if(GZIP)
  string(REGEX REPLACE "\\.gz$" "" plain "${OUTPUT}")
  file(WRITE "${plain}" "${text}")
  # FORMAT raw: a plain .gz of the one file, not a tar inside it.
  file(ARCHIVE_CREATE OUTPUT "${OUTPUT}" PATHS "${plain}" FORMAT raw COMPRESSION GZip)
else()
  file(WRITE "${OUTPUT}" "${text}")
endif()
