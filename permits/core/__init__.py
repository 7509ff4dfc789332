"""The kernel every layer above builds on: runtime and clock, authority-local dates and the statutory
calendar, who is acting (`Actor`), the audit log, the job queue, the webhook outbox and the transaction
helper. It depends only on the models, the code lists and the error tree."""
