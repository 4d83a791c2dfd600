#!/usr/bin/env python3
"""Start the Botox patient-information chat; installs what it needs on first run.

python run_chat.py                 chat in the terminal
python run_chat.py --jsonl         batch mode (see --help)
python run_chat.py serve           clinic kiosk web service
"""

import sys

from bootstrap import ensure_installed

if __name__ == "__main__":
    ensure_installed()
    from chatbot.cli import main

    sys.exit(main())
