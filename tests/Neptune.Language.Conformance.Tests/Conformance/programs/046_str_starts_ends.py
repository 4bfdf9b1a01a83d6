s = "filename.tar.gz"
return (s.startswith("file"), s.endswith(".gz"), s.endswith((".zip", ".gz")), s.startswith("name", 4), s.removeprefix("file"), s.removesuffix(".gz"), s.removesuffix(".zip"))
