# Shared build rules: warnings, sanitizers, tests and fuzz targets.

set(ID06_WARNINGS -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion
    -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla)
set(ID06_CXX_WARNINGS -Wall -Wextra -Wshadow -Wconversion)
if(ID06_WERROR)
  list(APPEND ID06_WARNINGS -Werror)
  list(APPEND ID06_CXX_WARNINGS -Werror)
endif()

if(ID06_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

set(ID06_FUZZ_LIBFUZZER OFF)
if(ID06_FUZZ AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
  set(ID06_FUZZ_LIBFUZZER ON)
  # Coverage feedback for every library the fuzzers link.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# id06_warnings(target): the project's warning set on a target's own sources.
function(id06_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:${ID06_WARNINGS}>
    $<$<COMPILE_LANGUAGE:CXX>:${ID06_CXX_WARNINGS}>)
endfunction()

# id06_test(NAME name LABEL label SOURCES ... [LIBS ...] [ARGS ...]
#           [TIMEOUT s] [ENV VAR=value ...])
# A test is a program; it prints expected versus got when it fails and
# exits 77 to skip (hardware missing).
function(id06_test)
  cmake_parse_arguments(T "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBS;ARGS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  id06_warnings(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE ID06_SOURCE_DIR="${ID06_SOURCE_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABEL}"
    TIMEOUT ${T_TIMEOUT} SKIP_RETURN_CODE 77 ENVIRONMENT "${T_ENV}")
endfunction()

# id06_fuzz(NAME name LABEL label SOURCE file CORPUS dir [LIBS ...])
# SOURCE defines LLVMFuzzerTestOneInput.  With clang and ID06_FUZZ it is a
# libFuzzer program, and the test replays the corpus and then fuzzes for a
# bounded number of runs; otherwise a small driver replays the corpus.
# Either way the corpus replays under CTest in every build.
set(ID06_FUZZ_RUNS 20000 CACHE STRING "libFuzzer runs per fuzz test")
function(id06_fuzz)
  cmake_parse_arguments(F "" "NAME;LABEL;SOURCE;CORPUS" "LIBS" ${ARGN})
  if(ID06_FUZZ_LIBFUZZER)
    add_executable(${F_NAME} ${F_SOURCE})
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    # libFuzzer writes new inputs into its first corpus folder: give it one
    # in the build tree so the committed seeds stay as they are.
    set(work_corpus ${CMAKE_CURRENT_BINARY_DIR}/${F_NAME}-corpus)
    file(MAKE_DIRECTORY ${work_corpus})
    set(fuzz_cmd ${F_NAME} -runs=${ID06_FUZZ_RUNS} -max_len=4096
        -artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/${F_NAME}- ${work_corpus} ${F_CORPUS})
  else()
    add_executable(${F_NAME} ${F_SOURCE} ${ID06_SOURCE_DIR}/tests/fuzz_replay.c)
    set(fuzz_cmd ${F_NAME} ${F_CORPUS})
  endif()
  id06_warnings(${F_NAME})
  target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
  add_test(NAME ${F_NAME} COMMAND ${fuzz_cmd})
  set_tests_properties(${F_NAME} PROPERTIES LABELS "${F_LABEL};fuzz" TIMEOUT 300)
endfunction()
