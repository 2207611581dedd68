// Benchmark input generator for bench/syms.sh, target (a).
//
// A deliberately small driver that links in a large part of LLVM 14: it reads
// an IR file, optimizes it with the standard O2 pipeline and emits an object
// file for any registered target.  It is never run by the benchmark; it only
// exists so that linking it against all of Debian's libLLVM*.a archives gives
// a big, unstripped C++ executable with a realistic symbol table.
//
// Usage: llvm_main INPUT.ll OUTPUT.o [TRIPLE]

#include "llvm/ADT/Triple.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <memory>
#include <string>

using namespace llvm;

int main(int argc, char **argv) {
  if (argc < 3) {
    errs() << "usage: " << argv[0] << " INPUT.ll OUTPUT.o [TRIPLE]\n";
    return 2;
  }

  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();
  InitializeAllAsmPrinters();
  InitializeAllDisassemblers();

  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(argv[1], Diag, Ctx);
  if (!M) {
    Diag.print(argv[0], errs());
    return 1;
  }

  std::string TripleStr =
      argc > 3 ? std::string(argv[3]) : sys::getDefaultTargetTriple();
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(TripleStr, Err);
  if (!T) {
    errs() << argv[0] << ": " << Err << "\n";
    return 1;
  }

  TargetOptions Opts;
  std::unique_ptr<TargetMachine> TM(T->createTargetMachine(
      TripleStr, "generic", "", Opts, Reloc::PIC_, None, CodeGenOpt::Default));
  M->setTargetTriple(TripleStr);
  M->setDataLayout(TM->createDataLayout());

  // Middle end: the new pass manager's default O2 pipeline.
  {
    LoopAnalysisManager LAM;
    FunctionAnalysisManager FAM;
    CGSCCAnalysisManager CGAM;
    ModuleAnalysisManager MAM;
    PassBuilder PB(TM.get());
    PB.registerModuleAnalyses(MAM);
    PB.registerCGSCCAnalyses(CGAM);
    PB.registerFunctionAnalyses(FAM);
    PB.registerLoopAnalyses(LAM);
    PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
    ModulePassManager MPM =
        PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    MPM.run(*M, MAM);
  }

  // Back end: the legacy code generator pipeline.
  std::error_code EC;
  raw_fd_ostream Out(argv[2], EC, sys::fs::OF_None);
  if (EC) {
    errs() << argv[0] << ": " << argv[2] << ": " << EC.message() << "\n";
    return 1;
  }
  legacy::PassManager PM;
  if (TM->addPassesToEmitFile(PM, Out, nullptr, CGFT_ObjectFile)) {
    errs() << argv[0] << ": target cannot emit object files\n";
    return 1;
  }
  PM.run(*M);
  Out.flush();
  return 0;
}
