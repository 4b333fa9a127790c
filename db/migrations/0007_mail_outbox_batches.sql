ALTER TABLE "mail_outbox" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
CREATE INDEX "mail_outbox_batch_idx" ON "mail_outbox" USING btree ("batch_id");