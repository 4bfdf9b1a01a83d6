return type(1).__subclasses__()
