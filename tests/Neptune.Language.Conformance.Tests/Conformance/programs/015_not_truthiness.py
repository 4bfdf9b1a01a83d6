return (not 0, not 1, not "", not "a", not [], not [0], not {}, not None, not 0.0, not (), bool(0.1), bool(-1))
