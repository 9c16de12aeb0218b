# Project-wide defaults for every Kith target: warnings on and clean, sanitizers when asked.
# KITH_SANITIZE_KIND is KITH_SANITIZE normalised: "", "address" or "thread".
string(TOLOWER "${KITH_SANITIZE}" KITH_SANITIZE_KIND)
if(KITH_SANITIZE_KIND MATCHES "^(on|yes|true|y|1|address)$")
  set(KITH_SANITIZE_KIND address)
elseif(KITH_SANITIZE_KIND MATCHES "^(off|no|false|n|0|)$")
  set(KITH_SANITIZE_KIND "")
elseif(NOT KITH_SANITIZE_KIND STREQUAL "thread")
  message(FATAL_ERROR "KITH_SANITIZE=${KITH_SANITIZE}: use OFF, address or thread")
endif()

# KITH_FUZZ instruments every target for libFuzzer's coverage (fuzzer-no-link) and with ASan and
# UBSan; only the fuzz targets themselves (tests/fuzz) link libFuzzer's main.
function(kith_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(KITH_SANITIZE_KIND STREQUAL "address")
    # GCC 12 warns of maybe-uninitialized values inside libstdc++ under ASan (false positives).
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  elseif(KITH_SANITIZE_KIND STREQUAL "thread")
    # Only Kith's code is instrumented: Qt, OpenCV, FAISS and SQLite come uninstrumented from
    # Debian (tests/sanitizers/tsan.supp says which of their reports are not Kith's races).
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=thread)
  endif()
  if(KITH_FUZZ)
    # Undefined behaviour stops the run like a crash, so the fuzzer saves the input.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                           -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# kith_module(NAME SOURCES ... DEPENDS ...): one folder of core/ as one static library whose
# public headers live in include/ and whose private headers stay in src/.
function(kith_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(kith_${name} STATIC ${ARG_SOURCES})
  target_include_directories(kith_${name}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(kith_${name} PUBLIC ${ARG_DEPENDS} PRIVATE ${ARG_PRIVATE_DEPENDS})
  kith_defaults(kith_${name})
endfunction()
