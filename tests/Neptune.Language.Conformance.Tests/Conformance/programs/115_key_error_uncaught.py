d = {"a": 1}
return d["missing"]
