# Debian packages, built by CPack (scripts/package.sh) from the install components:
#   tinychat         cli  the command line, its completions and man page
#   tinychat-gui     gui  the window, its desktop entry, icon, AppStream metainfo and man page
#   libtinychat-dev  dev  headers, the static library, the CMake package and tinychat.pc
# Depends is computed by dpkg-shlibdeps from the shared libraries each program links.

# Each package carries the licence where Debian looks for it.
foreach(package_component tinychat:cli tinychat-gui:gui libtinychat-dev:dev)
  string(REPLACE ":" ";" pair ${package_component})
  list(GET pair 0 package)
  list(GET pair 1 component)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          RENAME copyright COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tinychat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's description starts with its own synopsis, not the project's.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_CONTACT "tinychat maintainers <maintainers@users.noreply.b-seed-2b0d22b5.example>")
# Installed with DESTDIR into a staging folder, so that the install scripts see
# CMAKE_INSTALL_PREFIX=/usr, which tinychat.pc and the zsh completion's folder depend on.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL cli gui dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME tinychat)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION net)
set(CPACK_DEBIAN_CLI_PACKAGE_RECOMMENDS ca-certificates)  # HTTPS to the providers
set(CPACK_COMPONENT_CLI_DESCRIPTION
  "command line client for the chat APIs of language models
tinychat streams answers from OpenAI, Anthropic, Mistral, Together, Google Gemini, Cohere and
any OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio) to the terminal as the model
writes them. Shell completions for bash, zsh and fish, and a man page.")

set(CPACK_DEBIAN_GUI_PACKAGE_NAME tinychat-gui)
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION net)
set(CPACK_DEBIAN_GUI_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_COMPONENT_GUI_DESCRIPTION
  "desktop window for the chat APIs of language models
tinychat-gui is a Qt 6 window for OpenAI, Anthropic, Mistral, Together, Google Gemini, Cohere
and any OpenAI-compatible server: streaming Markdown answers, a model picker, settings and
conversation export. It shares keys and the config file with the tinychat command.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libtinychat-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# A static library: its users link what it links, so they need those libraries' files.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libcurl4-openssl-dev | libcurl-dev, libsimdjson-dev, libsqlite3-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "C++20 library for the chat APIs of language models (development files)
libtinychat streams chat answers from OpenAI, Anthropic, Mistral, Together, Google Gemini,
Cohere and OpenAI-compatible servers: open_chat() for a ready chat in one call, or the
sessions, providers and stream parsers underneath. Headers, static library, CMake package
(find_package(tinychat)) and pkg-config file.")

include(CPack)
