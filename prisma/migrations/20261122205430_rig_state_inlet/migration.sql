-- AlterTable
ALTER TABLE "RigState" ADD COLUMN     "inletTempC" REAL;
