# `cmake --install`: the libraries of every layer as the CMake package `syncloom` (targets syncloom::api,
# syncloom::store, ...), their headers, the JIT module, the built-in schemas and the executables.
# Included at the end of the top-level CMakeLists.txt, once every target exists. The layers are found, not
# listed: every static or interface library named syncloom_* under grammar/, compiler/ or runtime/ is
# exported with the name after the prefix, and its include/ directory installed whole, so a new layer or
# header needs no edit here (docs/embedding.md).
include(CMakePackageConfigHelpers)

set(SYNCLOOM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/syncloom")
# Not exported: the static JIT, which links LLVM (only tests use it; embedders get the module).
set(SYNCLOOM_NOT_EXPORTED syncloom_codegen)

function(syncloom_collect_targets dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    syncloom_collect_targets("${sub}" more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Path prefixes compared as text, not as regular expressions (a source path may hold `+` or `.`).
function(syncloom_is_under path dir out)
  string(FIND "${path}/" "${dir}/" at)
  if(at EQUAL 0)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

function(syncloom_exported_layers out)
  syncloom_collect_targets("${PROJECT_SOURCE_DIR}" all)
  set(layers "")
  foreach(target IN LISTS all)
    get_target_property(type ${target} TYPE)
    get_target_property(source_dir ${target} SOURCE_DIR)
    set(in_layers FALSE)
    foreach(top grammar compiler runtime)
      syncloom_is_under("${source_dir}" "${PROJECT_SOURCE_DIR}/${top}" under)
      if(under)
        set(in_layers TRUE)
      endif()
    endforeach()
    if(NOT target MATCHES "^syncloom_" OR target IN_LIST SYNCLOOM_NOT_EXPORTED
       OR NOT type MATCHES "^(STATIC|INTERFACE)_LIBRARY$" OR NOT in_layers)
      continue()
    endif()
    list(APPEND layers ${target})
  endforeach()
  set(${out} ${layers} PARENT_SCOPE)
endfunction()

# Include directories inside the source or build tree hold for the build tree only; the installed targets
# use <prefix>/include, where the source tree's include/ directories are copied. Returns those directories.
function(syncloom_relocate_includes target out)
  set(installed "")
  foreach(property INTERFACE_INCLUDE_DIRECTORIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES)
    get_target_property(dirs ${target} ${property})
    if(NOT dirs)
      continue()
    endif()
    set(relocated "")
    foreach(dir IN LISTS dirs)
      syncloom_is_under("${dir}" "${PROJECT_SOURCE_DIR}" in_source)
      syncloom_is_under("${dir}" "${PROJECT_BINARY_DIR}" in_build)
      if(dir MATCHES "^\\$<" OR NOT (in_source OR in_build))
        list(APPEND relocated "${dir}")
        continue()
      endif()
      list(APPEND relocated "$<BUILD_INTERFACE:${dir}>")
      get_filename_component(leaf "${dir}" NAME)
      if(property STREQUAL "INTERFACE_INCLUDE_DIRECTORIES" AND in_source AND NOT in_build AND leaf STREQUAL "include")
        list(APPEND installed "${dir}")
      endif()
    endforeach()
    if(property STREQUAL "INTERFACE_INCLUDE_DIRECTORIES" AND installed)
      list(APPEND relocated "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
    endif()
    set_property(TARGET ${target} PROPERTY ${property} "${relocated}")
  endforeach()
  set(${out} ${installed} PARENT_SCOPE)
endfunction()

syncloom_exported_layers(syncloom_layers)
set(syncloom_header_dirs "")
foreach(target IN LISTS syncloom_layers)
  string(REGEX REPLACE "^syncloom_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  syncloom_relocate_includes(${target} dirs)
  list(APPEND syncloom_header_dirs ${dirs})
endforeach()
list(REMOVE_DUPLICATES syncloom_header_dirs)
foreach(dir IN LISTS syncloom_header_dirs)
  install(DIRECTORY "${dir}/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT development)
endforeach()
# A private dependency of a static library is still linked by its users: CMake writes it into the exported
# link interface as $<LINK_ONLY:...>, and syncloomConfig.cmake finds it (find_dependency).
install(TARGETS ${syncloom_layers} EXPORT syncloomTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT development)
install(EXPORT syncloomTargets NAMESPACE syncloom:: DESTINATION "${SYNCLOOM_INSTALL_CMAKEDIR}" COMPONENT development)

# The JIT module next to the libraries; the installed `syncloom` finds it through RUNPATH $ORIGIN/../lib.
install(TARGETS syncloom_jit LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT runtime)
set_target_properties(syncloom PROPERTIES INSTALL_RPATH "$ORIGIN/${SYNCLOOM_BIN_TO_LIB}")
install(TARGETS syncloom RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
if(TARGET syncloom-woosim)
  install(TARGETS syncloom-woosim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
endif()

# The built-in schemas, and how the schema layer finds them once installed (compiler/schema/src/schema_registry.cpp).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/schemas/" DESTINATION "${SYNCLOOM_INSTALL_SCHEMADIR}" COMPONENT runtime
  FILES_MATCHING PATTERN "*.yaml")
target_compile_definitions(syncloom_schema PRIVATE
  SYNCLOOM_SCHEMA_DIR_FROM_BIN="${SYNCLOOM_BIN_TO_SCHEMAS}"
  SYNCLOOM_SCHEMA_DIR_FROM_LIB="${SYNCLOOM_LIB_TO_SCHEMAS}"
  SYNCLOOM_INSTALLED_SCHEMA_DIR="${CMAKE_INSTALL_PREFIX}/${SYNCLOOM_INSTALL_SCHEMADIR}")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/syncloomConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/syncloomConfig.cmake"
  INSTALL_DESTINATION "${SYNCLOOM_INSTALL_CMAKEDIR}"
  PATH_VARS CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR SYNCLOOM_INSTALL_SCHEMADIR)
# 0.x: a minor version may change the API (and the JIT module's interface with it).
write_basic_package_version_file("${PROJECT_BINARY_DIR}/syncloomConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/syncloomConfig.cmake" "${PROJECT_BINARY_DIR}/syncloomConfigVersion.cmake"
  DESTINATION "${SYNCLOOM_INSTALL_CMAKEDIR}" COMPONENT development)
