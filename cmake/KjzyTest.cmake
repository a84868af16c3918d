# kjzy_add_test(Name SOURCES a.cpp ... LIBS lib ... [ENVIRONMENT VAR=value ...])
# One QtTest executable per class or feature, registered with CTest under its name.
function(kjzy_add_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;ENVIRONMENT" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE kjzy_options Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
        KJZY_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;${ARG_ENVIRONMENT}"
        TIMEOUT 300)
endfunction()
