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

add_executable(syncloom_tryton_contract_tests ${CMAKE_CURRENT_LIST_DIR}/../catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tryton_sales_test.cpp ${CMAKE_CURRENT_LIST_DIR}/tryton_session_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tryton_listing_test.cpp)
target_include_directories(syncloom_tryton_contract_tests PRIVATE "${PROJECT_SOURCE_DIR}/runtime/connectors")
target_link_libraries(syncloom_tryton_contract_tests PRIVATE syncloom::connectors Catch2::Catch2)
target_compile_definitions(syncloom_tryton_contract_tests PRIVATE SYNCLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
syncloom_warnings(syncloom_tryton_contract_tests)
# Requests are written with designated initializers naming only the members a test sets.
target_compile_options(syncloom_tryton_contract_tests PRIVATE -Wno-missing-field-initializers)
catch_discover_tests(syncloom_tryton_contract_tests TEST_PREFIX "tryton_contract: "
  PROPERTIES FIXTURES_REQUIRED tryton_server ENVIRONMENT "SYNCLOOM_TRYTON_DIR=${tryton_test_dir}" TIMEOUT 300)

# Deletes every session of the shared server: alone, so that no other test meets an unexpected renewal.
add_executable(syncloom_tryton_relogin_tests ${CMAKE_CURRENT_LIST_DIR}/../catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tryton_relogin_test.cpp)
target_include_directories(syncloom_tryton_relogin_tests PRIVATE "${PROJECT_SOURCE_DIR}/runtime/connectors")
target_link_libraries(syncloom_tryton_relogin_tests PRIVATE syncloom::connectors Catch2::Catch2)
target_compile_definitions(syncloom_tryton_relogin_tests PRIVATE SYNCLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
syncloom_warnings(syncloom_tryton_relogin_tests)
target_compile_options(syncloom_tryton_relogin_tests PRIVATE -Wno-missing-field-initializers)
catch_discover_tests(syncloom_tryton_relogin_tests TEST_PREFIX "tryton_relogin: "
  PROPERTIES FIXTURES_REQUIRED tryton_server RUN_SERIAL TRUE ENVIRONMENT "SYNCLOOM_TRYTON_DIR=${tryton_test_dir}" TIMEOUT 300)
