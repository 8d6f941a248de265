"""The trainer's role-play (docs/training.md): scenarios, what the console is asking the
scripted caller, the transcript of a run and its scorecard. Pure models and rules."""
