s = "Hello World python"
return (s.lower(), s.upper(), s.swapcase(), s.title(), s.capitalize(), "ABC".islower(), "abc".islower(), "ABC".isupper(), "Hello World".istitle())
