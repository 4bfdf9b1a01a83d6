return (round(1234.5678, 2), round(1234.5678, -2), round(1250, -2), round(1350, -2), round(15, -1), round(25, -1), round(3.14159, 0), round(-1.005, 2), round(5, 2), round(1e300, 2))
