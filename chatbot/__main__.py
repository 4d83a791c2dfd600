"""``python -m chatbot``: the same as the ``botox-chat`` command."""

import sys

from .cli import main

sys.exit(main())
