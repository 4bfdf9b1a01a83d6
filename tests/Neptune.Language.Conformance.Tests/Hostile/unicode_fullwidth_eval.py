return ｅｖａｌ("1 + 1")
