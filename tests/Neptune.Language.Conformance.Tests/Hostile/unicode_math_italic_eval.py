return 𝑒𝑣𝑎𝑙("1 + 1")
