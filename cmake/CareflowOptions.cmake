# Compiler settings shared by every careflow target, applied through one interface target.
add_library(careflow_options INTERFACE)
add_library(careflow::options ALIAS careflow_options)
target_compile_features(careflow_options INTERFACE cxx_std_20)
target_compile_options(careflow_options INTERFACE -Wall -Wextra -Wshadow -Wconversion
                                                  -Wno-sign-conversion -Wnon-virtual-dtor)
if(CAREFLOW_WERROR)
  target_compile_options(careflow_options INTERFACE -Werror)
endif()
if(CAREFLOW_SANITIZE)
  target_compile_options(careflow_options INTERFACE -fsanitize=${CAREFLOW_SANITIZE}
                                                    -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(careflow_options INTERFACE -fsanitize=${CAREFLOW_SANITIZE})
  if(CAREFLOW_SANITIZE MATCHES "thread")
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "The ThreadSanitizer build needs clang (for -fsanitize-ignorelist): "
                          "use the tsan preset")
    endif()
    # Ignore-listed code keeps its atomics instrumented, and oneTBB's header templates are made of
    # atomics; careflow shares nothing through atomics, so atomics are left uninstrumented.
    target_compile_options(careflow_options INTERFACE
      -fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/cmake/tsan-ignorelist.txt
      "SHELL:-mllvm -tsan-instrument-atomics=false")
  endif()
endif()
