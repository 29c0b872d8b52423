package io.daos.control.api.storage;

/**
 * Health counters of an NVMe controller, from its SMART / health information log page
 * (SPEC-SERVER §4.7; wire {@code ctl.NvmeController.Health}).
 *
 * @param temperature     composite temperature, Kelvin
 * @param tempWarnTime    minutes above the warning temperature
 * @param tempCritTime    minutes above the critical temperature
 * @param ctrlBusyTime    controller busy time, minutes
 * @param powerCycles     power cycles
 * @param powerOnHours    power-on hours
 * @param unsafeShutdowns unsafe shutdowns
 * @param mediaErrors     media and data integrity errors
 * @param errorLogEntries error log entries
 * @param tempWarn        critical warning: temperature
 * @param availSpareWarn  critical warning: available spare below threshold
 * @param reliabilityWarn critical warning: reliability degraded
 * @param readOnlyWarn    critical warning: read-only
 * @param volatileWarn    critical warning: volatile memory backup failed
 */
public record NvmeHealth(int temperature, int tempWarnTime, int tempCritTime, long ctrlBusyTime, long powerCycles,
        long powerOnHours, long unsafeShutdowns, long mediaErrors, long errorLogEntries, boolean tempWarn,
        boolean availSpareWarn, boolean reliabilityWarn, boolean readOnlyWarn, boolean volatileWarn) {
}
