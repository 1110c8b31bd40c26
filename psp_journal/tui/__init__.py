"""The app: Textual screens over the journal service. Imported only when the app opens,
so the command line's `--help` never pays for Textual."""
