# The Tryton connector's tests: the codec with no server, and contract tests against a real Tryton 6.0 that
# a ctest fixture starts (scripts/tryton start) into the build tree and stops afterwards.
add_executable(syncloom_tryton_codec_tests ${CMAKE_CURRENT_LIST_DIR}/../catch_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tryton_codec_test.cpp)
target_include_directories(syncloom_tryton_codec_tests PRIVATE "${PROJECT_SOURCE_DIR}/runtime/connectors")
target_link_libraries(syncloom_tryton_codec_tests PRIVATE syncloom::connectors syncloom::schema Catch2::Catch2)
target_compile_definitions(syncloom_tryton_codec_tests PRIVATE SYNCLOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
syncloom_warnings(syncloom_tryton_codec_tests)
catch_discover_tests(syncloom_tryton_codec_tests TEST_PREFIX "tryton_codec: ")
