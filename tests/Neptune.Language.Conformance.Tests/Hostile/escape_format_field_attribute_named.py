return "{x.__class__.__base__}".format(x=[])
