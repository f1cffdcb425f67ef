# Where an installation puts things (GNUInstallDirs) and how binaries find the JIT module, set before the
# targets are created so that every binary gets the same run-time search path (docs/embedding.md).
include(GNUInstallDirs)

# The build tree's binaries (tests, examples, benchmarks, fuzzers, the CLI) find libsyncloom_jit.so through
# their RUNPATH, which points at the directory the module is built into (compiler/codegen); `cmake --install`
# replaces that entry, so nothing installed looks into the build tree.
set(SYNCLOOM_JIT_BUILD_DIR "${CMAKE_BINARY_DIR}/cli")
list(APPEND CMAKE_BUILD_RPATH "${SYNCLOOM_JIT_BUILD_DIR}")

# Paths between installed directories, relative so that an installed prefix can be moved.
file(RELATIVE_PATH SYNCLOOM_BIN_TO_LIB "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
set(SYNCLOOM_INSTALL_SCHEMADIR "${CMAKE_INSTALL_DATADIR}/syncloom/schemas")
file(RELATIVE_PATH SYNCLOOM_BIN_TO_SCHEMAS "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_PREFIX}/${SYNCLOOM_INSTALL_SCHEMADIR}")
file(RELATIVE_PATH SYNCLOOM_LIB_TO_SCHEMAS "${CMAKE_INSTALL_FULL_LIBDIR}" "${CMAKE_INSTALL_PREFIX}/${SYNCLOOM_INSTALL_SCHEMADIR}")
