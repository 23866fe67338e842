/** Quantization workflows: quantize one model, sweep a grid's experts, plan bits within budgets (PlanService). */
package io.nanogrid.engine.quant;
