# `cmake --install` for C++ users: libtinychat, its headers, a CMake package
# (find_package(tinychat 0.3 CONFIG) gives tinychat::tinychat) and tinychat.pc for pkg-config.
# Everything here belongs to the `dev` component (the libtinychat-dev package), but the shared
# library's runtime file, which belongs to `runtime`.
include(CMakePackageConfigHelpers)

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/tinychat)
install(TARGETS libtinychat EXPORT tinychatTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev)
# The public headers and the generated ones (version.h, visibility.h), side by side.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tinychat ${PROJECT_BINARY_DIR}/src/generated/tinychat
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev FILES_MATCHING PATTERN "*.h")
install(EXPORT tinychatTargets NAMESPACE tinychat:: DESTINATION ${config_dir} COMPONENT dev)

# A static libtinychat leaves its dependencies to the program that links it: the CMake package
# finds them, and tinychat.pc lists them where `pkg-config --libs` reports them.
get_target_property(tinychat_type libtinychat TYPE)
if(tinychat_type STREQUAL "STATIC_LIBRARY")
  set(TINYCHAT_FIND_DEPENDENCIES
      "find_dependency(CURL)\nfind_dependency(simdjson)\nfind_dependency(SQLite3)\nfind_dependency(Threads)")
  set(TINYCHAT_PC_REQUIRES "Requires: libcurl simdjson sqlite3")
  set(TINYCHAT_PC_LIBS "Libs: -L\${libdir} -ltinychat -pthread")
else()
  set(TINYCHAT_FIND_DEPENDENCIES "")
  set(TINYCHAT_PC_REQUIRES "Requires.private: libcurl simdjson sqlite3")
  set(TINYCHAT_PC_LIBS "Libs: -L\${libdir} -ltinychat\nLibs.private: -pthread")
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tinychatConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tinychatConfig.cmake INSTALL_DESTINATION ${config_dir})
# 0.x: a minor version may break the API, so 0.3 accepts 0.3.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tinychatConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tinychatConfig.cmake
              ${PROJECT_BINARY_DIR}/tinychatConfigVersion.cmake
  DESTINATION ${config_dir} COMPONENT dev)

# tinychat.pc names its prefix, which is only known at install time: `cmake --install --prefix`
# and the packages (/usr) choose it then. So the file is written in two steps: everything but
# the prefix now, the whole file when installing, straight to its place (writing it into the
# build tree first would leave a root-owned file there after `sudo cmake --install`).
configure_file(${PROJECT_SOURCE_DIR}/cmake/tinychat.pc.in ${PROJECT_BINARY_DIR}/tinychat.pc.in @ONLY)
install(CODE "
  file(READ \"${PROJECT_BINARY_DIR}/tinychat.pc.in\" pc)
  string(REPLACE \"%PREFIX%\" \"\${CMAKE_INSTALL_PREFIX}\" pc \"\${pc}\")
  set(pc_file \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/tinychat.pc\")
  message(STATUS \"Installing: \${pc_file}\")
  file(WRITE \"\${pc_file}\" \"\${pc}\")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${pc_file}\")
" COMPONENT dev)
