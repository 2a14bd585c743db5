/**
 * Optimizers that update parameters in place from their gradients ({@link
 * dev.jgrad.nn.optim.SGD}, {@link dev.jgrad.nn.optim.Adam}, {@link dev.jgrad.nn.optim.AdamW},
 * {@link dev.jgrad.nn.optim.RMSProp}, {@link dev.jgrad.nn.optim.Adagrad}, {@link
 * dev.jgrad.nn.optim.NAdam}, {@link dev.jgrad.nn.optim.RAdam}, and {@link
 * dev.jgrad.nn.optim.LBFGS} from a loss closure), over {@link dev.jgrad.nn.optim.ParamGroup}s
 * with their own rate and weight decay, with state that saves and resumes exactly ({@link
 * dev.jgrad.nn.optim.Optimizer#stateDict()}); learning-rate schedules ({@link
 * dev.jgrad.nn.optim.LrSchedule}, driven by {@link dev.jgrad.nn.optim.LrScheduler}, and {@link
 * dev.jgrad.nn.optim.ReduceLrOnPlateau}); gradient clipping ({@link dev.jgrad.nn.optim.Clip}).
 */
package dev.jgrad.nn.optim;
