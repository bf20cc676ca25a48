-- CreateIndex
CREATE INDEX "AgentEvent_type_at_idx" ON "AgentEvent"("type", "at");
