{
  "targets": [
    {
      "target_name": "zongjie_jieba",
      "sources": ["jieba.cc"],
      "include_dirs": [
        "<!(node cppjieba-dir.js include)",
        "<!(node cppjieba-dir.js limonp)"
      ],
      "defines": ["NAPI_VERSION=8", "LOGGING_LEVEL=LL_WARNING"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17"
      },
      "conditions": [
        ["OS == 'linux'", { "ldflags": ["-Wl,-z,nodelete", "-pthread"] }]
      ],
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/utf-8"] }
      }
    }
  ]
}
