# Project-wide warning flags, applied to our own targets only (not to generated ANTLR code).
function(syncloom_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  # GCC 12 at -O2 reports -Wrestrict inside std::string for `"literal" + str` (GCC bug 105651): a false
  # positive in libstdc++ itself, not in our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
