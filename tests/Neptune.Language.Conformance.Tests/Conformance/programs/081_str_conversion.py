return (str(12), str(-1.5), str(True), str(None), str([1, "a"]), str((1,)), str({"k": "v"}), str(""), str(1e16), str(0.1))
