# Build options, the Sanitize build type and the one INTERFACE target that carries warnings and
# sanitizer flags (`sy_options`). Every project target links it.

option(SWITCHYARD_BUILD_TESTS "Build tests" ON)
option(SWITCHYARD_BUILD_BENCH "Build benchmarks" ON)
option(SWITCHYARD_WERROR "Treat warnings as errors (CI turns this on)" OFF)
option(SWITCHYARD_FUZZ "Build fuzz targets with clang's libFuzzer (needs clang)" OFF)
set(SWITCHYARD_IO_BACKEND "io_uring" CACHE STRING "Event loop backend: io_uring or epoll")
set_property(CACHE SWITCHYARD_IO_BACKEND PROPERTY STRINGS io_uring epoll)

# Sanitize = Debug-level optimisation with ASan+UBSan; what tools/test builds.
get_property(_multi GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
if(NOT _multi AND NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()
set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" CACHE STRING "" FORCE)
set(CMAKE_C_FLAGS_SANITIZE "${CMAKE_CXX_FLAGS_SANITIZE}" CACHE STRING "" FORCE)
set(CMAKE_EXE_LINKER_FLAGS_SANITIZE "-fsanitize=address,undefined" CACHE STRING "" FORCE)
set(CMAKE_SHARED_LINKER_FLAGS_SANITIZE "-fsanitize=address,undefined" CACHE STRING "" FORCE)

add_library(sy_options INTERFACE)
target_compile_options(sy_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wno-missing-field-initializers)
if(SWITCHYARD_WERROR)
  target_compile_options(sy_options INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12's middle-end warnings misfire inside libstdc++ (std::string, std::optional) at -O2/-O3
  # (GCC bugs 105329, 105651, 106199; and Asio's coroutine frame allocator trips
  # -Wmismatched-new-delete); they report no defect in this code, so -Werror must not
  # turn them into build failures.
  target_compile_options(sy_options INTERFACE -Wno-restrict -Wno-stringop-overflow
    -Wno-array-bounds -Wno-maybe-uninitialized -Wno-mismatched-new-delete)
endif()
target_include_directories(sy_options INTERFACE ${PROJECT_SOURCE_DIR})

# Asio settings must be identical in every translation unit (they change class layouts), so they
# are global rather than per target.
add_compile_definitions(
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_URL_NO_LIB)
if(SWITCHYARD_IO_BACKEND STREQUAL "io_uring")
  add_compile_definitions(BOOST_ASIO_HAS_IO_URING BOOST_ASIO_DISABLE_EPOLL SWITCHYARD_IO_URING=1)
elseif(SWITCHYARD_IO_BACKEND STREQUAL "epoll")
  add_compile_definitions(SWITCHYARD_IO_URING=0)
else()
  message(FATAL_ERROR "SWITCHYARD_IO_BACKEND must be io_uring or epoll")
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# switchyard_room(<target> <subdir>...): adds each listed subfolder that exists (they call
# target_sources on <target>). A room whose folders hold no sources yet still yields a library.
function(switchyard_room target)
  foreach(sub ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${sub}/CMakeLists.txt)
      add_subdirectory(${sub})
    endif()
  endforeach()
  get_target_property(_srcs ${target} SOURCES)
  if(NOT _srcs)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/empty_room.cpp)
  endif()
endfunction()

# switchyard_add_subdirs(<subdir>...): adds each listed subfolder that has a CMakeLists.txt.
function(switchyard_add_subdirs)
  foreach(sub ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${sub}/CMakeLists.txt)
      add_subdirectory(${sub})
    endif()
  endforeach()
endfunction()
