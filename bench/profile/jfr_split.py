"""Splits a JFR execution-sample dump (jfr print --json --events jdk.ExecutionSample X.jfr > s.json) into the samples before T1 s and after T2 s and prints the top frames of each: python3 jfr_split.py s.json T1 T2."""
import json,sys,collections,datetime
d=json.load(open(sys.argv[1]))
ev=d['recording']['events']
def t(e): return datetime.datetime.fromisoformat(e['values']['startTime'].replace('Z','+00:00'))
ts=[t(e) for e in ev]; t0=min(ts); t1=max(ts)
cut1=float(sys.argv[2]); cut2=float(sys.argv[3])
early=collections.Counter(); late=collections.Counter(); ne=nl=0
for e,tt in zip(ev,ts):
    s=(tt-t0).total_seconds()
    fr=e['values']['stackTrace']['frames']
    if not fr: continue
    m=fr[0]['method']; name=m['type']['name'].split('.')[-1]+'.'+m['name']
    if s<cut1: early[name]+=1; ne+=1
    elif s>cut2: late[name]+=1; nl+=1
print('span',(t1-t0).total_seconds(),'early',ne,'late',nl)
for lab,c,n in (('early',early,ne),('late',late,nl)):
    print('==',lab)
    for k,v in c.most_common(14): print(f'{100*v/n:5.1f}% {k}')
