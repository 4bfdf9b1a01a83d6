return bool(), bool(""), bool("False"), bool([0]), bool(0.0), bool(None), bool(range(0)), int(False), float(True), str(False)
