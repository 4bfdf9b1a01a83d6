return vars()
