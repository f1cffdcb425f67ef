# Project-wide warning flags, applied to our own targets only (not to generated ANTLR code).
function(syncloom_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
endfunction()
