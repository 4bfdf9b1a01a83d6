return object.__subclasses__()
