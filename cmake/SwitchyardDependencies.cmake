# Third-party libraries. tools/deps installs them; wolfSSL comes from the prefix that
# tools/build-wolfssl fills (Debian's source package built with its Intel assembly).

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS program_options)
find_package(simdjson REQUIRED)
find_package(mimalloc REQUIRED)
pkg_check_modules(URING REQUIRED IMPORTED_TARGET liburing)
pkg_check_modules(SOXR REQUIRED IMPORTED_TARGET soxr)
find_path(ISAL_INCLUDE_DIR isa-l.h REQUIRED)
find_library(ISAL_LIBRARY isal REQUIRED)

set(SWITCHYARD_WOLFSSL_PREFIX "/opt/switchyard/wolfssl" CACHE PATH "wolfSSL install prefix")
find_path(WOLFSSL_INCLUDE_DIR wolfssl/ssl.h PATHS ${SWITCHYARD_WOLFSSL_PREFIX}/include NO_DEFAULT_PATH)
find_library(WOLFSSL_LIBRARY wolfssl PATHS ${SWITCHYARD_WOLFSSL_PREFIX}/lib NO_DEFAULT_PATH)
if(NOT WOLFSSL_INCLUDE_DIR OR NOT WOLFSSL_LIBRARY)
  message(FATAL_ERROR "wolfSSL not found under ${SWITCHYARD_WOLFSSL_PREFIX}: run tools/deps")
endif()
add_library(sy_wolfssl INTERFACE)
target_include_directories(sy_wolfssl SYSTEM INTERFACE ${WOLFSSL_INCLUDE_DIR})
target_link_libraries(sy_wolfssl INTERFACE ${WOLFSSL_LIBRARY})
# The options wolfSSL was configured with must be seen before any of its headers.
target_compile_definitions(sy_wolfssl INTERFACE WOLFSSL_USE_OPTIONS_H)

add_library(sy_isal INTERFACE)
target_include_directories(sy_isal SYSTEM INTERFACE ${ISAL_INCLUDE_DIR})
target_link_libraries(sy_isal INTERFACE ${ISAL_LIBRARY})

find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
