"""Code that runs inside the Rasa server (its own Python 3.10 environment), loaded from
credentials.yml. It must import nothing from the app runtime (bot/, actions/, spotsigns/)."""
