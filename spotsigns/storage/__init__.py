"""Storage: the database, the tip store, the outbox and its routing, contact encryption, SMS
state, export and retention. Imports the report rules and nothing above them."""
