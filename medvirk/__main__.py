from medvirk.cli import main

main()
