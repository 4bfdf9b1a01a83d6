return ("ab" * 3, 3 * "-", "x" * 0, "x" * -2, "a" + "b" + "c", len("héllo"), "é" < "z")
