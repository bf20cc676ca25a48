-- CreateIndex
CREATE INDEX "Rig_hostname_idx" ON "Rig"("hostname");
