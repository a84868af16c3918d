# Settings every kjzy target links instead of global CMAKE_CXX_FLAGS.
add_library(kjzy_options INTERFACE)
target_compile_features(kjzy_options INTERFACE cxx_std_23)
target_compile_options(kjzy_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(KJZY_WERROR)
    target_compile_options(kjzy_options INTERFACE -Werror)
endif()
target_compile_definitions(kjzy_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_STRICT_ITERATORS)
if(KJZY_SANITIZE)
    target_compile_options(kjzy_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(kjzy_options INTERFACE -fsanitize=address,undefined)
endif()
set(CMAKE_CXX_EXTENSIONS OFF)
