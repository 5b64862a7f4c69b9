# Start-up time: the dynamic linker looks each symbol a library needs up in every loaded library
# in load order until one defines it, and tinychat's load order put the busiest libraries last.
# libcurl brings some thirty libraries (OpenSSL, GnuTLS, Kerberos, LDAP, ...), loaded after
# tinychat's own; OpenSSL alone resolves about 3,400 of its own symbols through that list, each
# lookup passing twenty libraries first. More than half of `tinychat --version`'s instructions
# were these lookups (callgrind: 12.6 M of 21.6 M).
#
# tinychat_load_busy_libraries_first(target) names those libraries first among the program's
# dependencies, most lookups first, so that they load first: 15.1 M instructions instead of
# 21.6 M, about 1 ms less per start. Only libraries the program loads anyway are named: its C
# and C++ runtimes, SQLite, and those libcurl's build loads (read with ldd at configure time),
# so no package gains a dependency it did not have.
set(TINYCHAT_BUSY_LIBRARIES
    libcrypto.so.3 libc.so.6 libstdc++.so.6 libsqlite3.so.0 libgnutls.so.30 libssl.so.3
    libldap-2.5.so.0 libcurl.so.4 libunistring.so.2 libnettle.so.8 libhogweed.so.6)

function(tinychat_load_busy_libraries_first target)
  # Further sonames (the program's own direct dependencies, such as Qt's) come right after the
  # busiest of all, OpenSSL.
  if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux" OR CMAKE_CROSSCOMPILING)
    return()
  endif()
  find_program(TINYCHAT_LDD ldd)
  get_target_property(curl_library CURL::libcurl IMPORTED_LOCATION)
  if(NOT curl_library)
    get_target_property(curl_library CURL::libcurl IMPORTED_LOCATION_RELEASE)
  endif()
  if(NOT TINYCHAT_LDD OR NOT curl_library)
    return()
  endif()
  execute_process(COMMAND ${TINYCHAT_LDD} ${curl_library} OUTPUT_VARIABLE curl_loads
                  RESULT_VARIABLE ldd_status ERROR_QUIET)
  if(NOT ldd_status EQUAL 0)
    return()
  endif()
  # ldd's lines: "\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x...)".
  string(REGEX MATCHALL "[^\t\n ]+ =>" loaded "${curl_loads}")
  list(TRANSFORM loaded REPLACE " =>$" "")
  list(APPEND loaded libc.so.6 libstdc++.so.6 libsqlite3.so.0 libcurl.so.4 ${ARGN})
  set(busy ${TINYCHAT_BUSY_LIBRARIES})
  if(ARGN)
    list(INSERT busy 1 ${ARGN})
  endif()
  set(options "LINKER:--push-state,--no-as-needed")
  foreach(soname IN LISTS busy)
    if(soname IN_LIST loaded)
      list(APPEND options "-l:${soname}")
    endif()
  endforeach()
  list(APPEND options "LINKER:--pop-state")
  target_link_options(${target} BEFORE PRIVATE ${options})
endfunction()
