# The Tryton connector's tests: the codec with no server, and contract tests against a real Tryton 6.0 that
# a ctest fixture starts (scripts/tryton start) into the build tree and stops afterwards.
add_executable(syncloom_tryton_codec_tests ${CMAKE_CURRENT_LIST_DIR}/../catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tryton_codec_test.cpp ${CMAKE_CURRENT_LIST_DIR}/tryton_errors_test.cpp)
target_include_directories(syncloom_tryton_codec_tests PRIVATE "${PROJECT_SOURCE_DIR}/runtime/connectors")
target_link_libraries(syncloom_tryton_codec_tests PRIVATE syncloom::connectors syncloom::schema Catch2::Catch2)
target_compile_definitions(syncloom_tryton_codec_tests PRIVATE SYNCLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
syncloom_warnings(syncloom_tryton_codec_tests)
catch_discover_tests(syncloom_tryton_codec_tests TEST_PREFIX "tryton_codec: ")

# Contract tests: one Tryton for the whole run, started by a fixture into the build tree (the seed
# database is cached there too, so a fresh start takes about a second after the first run).
set(tryton_test_dir "${CMAKE_BINARY_DIR}/tryton-test")
set(tryton_env "TRYTON_SEED_DIR=${CMAKE_BINARY_DIR}/tryton-seed")
add_test(NAME tryton_server_start COMMAND env ${tryton_env} "${PROJECT_SOURCE_DIR}/scripts/tryton" start "${tryton_test_dir}")
add_test(NAME tryton_server_stop COMMAND "${PROJECT_SOURCE_DIR}/scripts/tryton" stop "${tryton_test_dir}")
set_tests_properties(tryton_server_start PROPERTIES FIXTURES_SETUP tryton_server TIMEOUT 300)
set_tests_properties(tryton_server_stop PROPERTIES FIXTURES_CLEANUP tryton_server)

# A contract-test executable against the fixture's Tryton; its test cases become ctest tests named PREFIX.
function(tryton_contract_tests name prefix)
  cmake_parse_arguments(arg "RUN_SERIAL" "" "SOURCES" ${ARGN})
  list(TRANSFORM arg_SOURCES PREPEND "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/")
  add_executable(${name} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../catch_main.cpp ${arg_SOURCES})
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/runtime/connectors")
  target_link_libraries(${name} PRIVATE syncloom::connectors Catch2::Catch2)
  target_compile_definitions(${name} PRIVATE SYNCLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  syncloom_warnings(${name})
  # Requests are written with designated initializers naming only the members a test sets.
  target_compile_options(${name} PRIVATE -Wno-missing-field-initializers)
  set(serial FALSE)
  if(arg_RUN_SERIAL)
    set(serial TRUE)
  endif()
  catch_discover_tests(${name} TEST_PREFIX "${prefix}"
    PROPERTIES FIXTURES_REQUIRED tryton_server RUN_SERIAL ${serial} ENVIRONMENT "SYNCLOOM_TRYTON_DIR=${tryton_test_dir}" TIMEOUT 300)
endfunction()

tryton_contract_tests(syncloom_tryton_contract_tests "tryton_contract: "
  SOURCES tryton_sales_test.cpp tryton_session_test.cpp tryton_listing_test.cpp tryton_tax_test.cpp)
# Deletes every session of the shared server: alone, so that no other test meets an unexpected renewal.
tryton_contract_tests(syncloom_tryton_relogin_tests "tryton_relogin: " RUN_SERIAL SOURCES tryton_relogin_test.cpp)
