return ("123".isdigit(), "12a".isdigit(), "".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  \t".isspace(), "".isspace(), "٣".isdecimal(), "½".isnumeric(), "½".isdigit())
