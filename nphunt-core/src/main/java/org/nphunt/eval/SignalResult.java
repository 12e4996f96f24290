package org.nphunt.eval;

import java.util.List;

/**
 * How well one score of one model separates one signal from the background.
 *
 * @param model model name (e.g. "dense")
 * @param score score name (e.g. "mse")
 * @param signal signal name (e.g. "A->4l")
 * @param background background sample name (e.g. "SM")
 * @param nBackground background events
 * @param nSignal signal events
 * @param auc area under the ROC curve (Mann-Whitney, exact; equal to the trapezoid area)
 * @param aucError its DeLong standard error
 * @param tprAtFpr the TPR at each configured FPR
 * @param operatingPoint the rate-defined operating point, or null when none was configured
 * @param roc the ROC curve, reduced for plotting
 */
public record SignalResult(
    String model,
    String score,
    String signal,
    String background,
    long nBackground,
    long nSignal,
    double auc,
    double aucError,
    List<TprAtFpr> tprAtFpr,
    OperatingPoint operatingPoint,
    RocCurve roc) {

  public SignalResult {
    tprAtFpr = List.copyOf(tprAtFpr);
  }
}
