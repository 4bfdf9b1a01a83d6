return float("abc")
