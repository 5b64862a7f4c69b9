# tinychat_program_output(TARGET ARGS OUTPUT [GZIP]): at build time, runs the program TARGET
# builds with ARGS (one string, split like a shell's words) and saves its standard output as
# OUTPUT, gzip-compressed with GZIP (man pages, as Debian installs them). The programs write
# their own completions and man pages this way, from their own option definitions.
function(tinychat_program_output target args output)
  cmake_parse_arguments(ARG "GZIP" "" "" ${ARGN})
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} "-DPROGRAM=$<TARGET_FILE:${target}>" "-DARGS=${args}"
            "-DOUTPUT=${output}" "-DGZIP=${ARG_GZIP}"
            -P ${PROJECT_SOURCE_DIR}/cmake/write_program_output.cmake
    DEPENDS ${target} ${PROJECT_SOURCE_DIR}/cmake/write_program_output.cmake
    COMMENT "Writing ${output}" VERBATIM)
endfunction()

# install(FILES) to one folder under /usr (the packages) and another under any other prefix
# (`cmake --install`, /usr/local by default), decided when installing: the prefix is only
# known then. zsh, for one, reads /usr/share/zsh/vendor-completions but
# /usr/local/share/zsh/site-functions on Debian.
function(tinychat_install_by_prefix file usr_destination other_destination component)
  install(CODE "
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      file(INSTALL \"${file}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${usr_destination}\")
    else()
      file(INSTALL \"${file}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${other_destination}\")
    endif()" COMPONENT ${component})
endfunction()
